"""API representations of the snippets an offer refers to (in the address's language)."""

from rest_framework import serializers

from .snippets import Organisation, Place, SpokenLanguage, TargetGroup


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "short_name", "name", "description", "website", "email", "phone"]


class PlaceSerializer(serializers.ModelSerializer):
    municipality_name = serializers.CharField(source="get_municipality_display")

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "street",
            "postcode",
            "municipality",
            "municipality_name",
            "opening_hours",
            "accessibility",
            "phone",
            "email",
        ]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["slug", "name"]


class SpokenLanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpokenLanguage
        fields = ["code", "name"]
