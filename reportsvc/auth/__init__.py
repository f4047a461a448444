"""Sign-in, sessions and role checks."""
