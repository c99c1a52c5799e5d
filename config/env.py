"""Reading settings from environment variables, with clear errors.

Every setting that may differ between machines comes from here, so that
`tests/test_deploy_files.py` can check that what docker-compose.yml passes in is
actually read.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_UNSET = object()


def env(name: str, default=_UNSET) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _UNSET:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be set (see README.md, 'Production')."
            )
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default=_UNSET) -> list[str]:
    raw = env(name, default if default is _UNSET else ",".join(default))
    return [item.strip() for item in raw.split(",") if item.strip()]
