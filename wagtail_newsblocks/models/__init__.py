"""The package's models, one module each; import them from here."""

from .comment_policy import CommentPolicySettings
from .expert import Expert
from .imported_story import ImportedStory

__all__ = ["CommentPolicySettings", "Expert", "ImportedStory"]
