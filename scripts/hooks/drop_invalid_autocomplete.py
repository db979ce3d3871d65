"""Remove `autocomplete="off"` from Material's two hidden checkboxes (drawer and search).

The attribute is not allowed on checkboxes (W3C HTML checker error on every page), and the
lines sit outside any template block we could override.
"""

import re

INVALID = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def _clean(html):
    return INVALID.sub(r"\1>", html)


def on_post_page(output, page, config):
    return _clean(output)


def on_post_template(output_content, template_name, config):
    return _clean(output_content)
