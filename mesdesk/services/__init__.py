"""Use cases: one function per action over the ports; read-side queries return frozen DTOs."""
