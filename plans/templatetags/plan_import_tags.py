import re

from django import template

register = template.Library()

# Spaces at either end of a repair's text: the browser draws them as nothing,
# so a removed space before a comma would read " ," → "," as if no change.
_EDGE_SPACES = re.compile(r"^[ \t\u00a0]+|[ \t\u00a0]+$")
VISIBLE_SPACE = "␣"


@register.filter
def visible_spaces(text: str) -> str:
    """' ,' -> '␣,': a space at the start or end of a repair's text made visible."""
    return _EDGE_SPACES.sub(lambda match: VISIBLE_SPACE * len(match.group()), text or "")
