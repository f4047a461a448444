"""Services: the work behind the views. Each takes a session and plain values."""
