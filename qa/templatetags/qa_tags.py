"""Citation markers in article text become links to the numbered sources."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CITATION = re.compile(r"\[(\d{1,3})\]")


@register.filter
def cited(text: str) -> SafeString:
    """Escape the text, then link each [n] to #source-n."""
    escaped = str(conditional_escape(text))
    return mark_safe(CITATION.sub(r'<a class="cite" href="#source-\1" aria-label="source \1">[\1]</a>', escaped))
