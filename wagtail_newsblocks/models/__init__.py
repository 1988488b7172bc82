"""The package's models, one module each; import them from here."""

from .comment_policy import CommentPolicySettings

__all__ = ["CommentPolicySettings"]
