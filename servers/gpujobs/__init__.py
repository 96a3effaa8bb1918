"""The HTTP contract every GPU job server of VideoGen speaks (see servers/README.md)."""

from .app import Job, JobServer, Rejected, create_app

__all__ = ["Job", "JobServer", "Rejected", "create_app"]
