from django import template

register = template.Library()


@register.filter
def item(sequence, index):
    """sequence[index], or "" past its end."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""
