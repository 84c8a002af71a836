"""Users, roles and access (roles and object-level access arrive with the supervision workflow)."""
