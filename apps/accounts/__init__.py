"""Users, roles and access; identity controls (lockout, password rules, session limits)."""
