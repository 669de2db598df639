import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def mark_repairs(text: str, marks: list[str]) -> str:
    """The text, escaped, with the words the importer mended in <mark> and
    its line breaks kept, for the import preview."""
    html = escape(text or "")
    if marks:
        pattern = re.compile("(?<!\\w)(?:" + "|".join(re.escape(escape(m)) for m in marks) + ")(?!\\w)")
        html = pattern.sub(lambda m: f'<mark class="import-repair">{m.group(0)}</mark>', html)
    return mark_safe(html.replace("\n", "<br>"))
