"""The package's models, one module each; import them from here."""

from .comment_policy import CommentPolicySettings
from .expert import Expert

__all__ = ["CommentPolicySettings", "Expert"]
