"""The compliance tables' rows escape what they show."""

from __future__ import annotations

from django.utils.safestring import SafeString

from compliance.dashboard import DepartmentRow
from compliance.templatetags.figures import department_rows


def test_a_department_name_is_escaped_in_its_row_and_link():
    rows = department_rows(
        [
            DepartmentRow(
                department_id=7, name='<b>"Zorg" & co</b>', audience=4, signed=3
            ),
            DepartmentRow(department_id=None, name="Geen", audience=0, signed=0),
        ]
    )
    assert isinstance(rows, SafeString)
    assert "<b>" not in rows
    assert 'data-department="&lt;b&gt;&quot;Zorg&quot; &amp; co&lt;/b&gt;"' in rows
    assert '<a href="/naleving/afdelingen/7/">&lt;b&gt;' in rows
    assert 'aria-label="75% getekend"' in rows
    assert rows.count("<tr ") == 2
    assert 'class="bar-fill bar-full" width="100"' in rows  # nobody to sign: 100%
