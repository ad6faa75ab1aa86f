"""File stores behind the ``FileStore`` port (SPEC §8): the local folder store; S3 next."""

from .local import LocalFileStore

__all__ = ["LocalFileStore"]
