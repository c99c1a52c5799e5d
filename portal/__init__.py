"""What every app of the portal shares: the staff roles and the permissions each app
registers for them, the district's municipalities, the shape of the committee report's
figures, the language and security middleware, and the few signals through which the
apps hear of each other without importing each other (docs/architecture.md)."""
