"""The queue rows built in Python render exactly what the template loop rendered."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from kivoucher.applications.models import Application
from kivoucher.applications.queue_rows import queue_rows_html
from kivoucher.applications.selectors import age_in_days, application_queue
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db

# The loop of applications/queue.html before the rows moved to queue_rows.py.
TEMPLATE_ROWS = Template(
    "{% for app, age, status in rows %}"
    '<tr><td><a href="{{ app.get_absolute_url }}">{{ app.reference }}</a></td>'
    "<td>{{ app.organisation.name }}</td><td>{{ app.title }}</td><td>{{ status }}</td>"
    '<td>{{ app.requested_grant|floatformat:"2g" }} €</td>'
    '<td>{{ app.review_score|default_if_none:"–" }}</td>'
    '<td>{% if age > 14 %}<span class="status warn">{{ age }}</span>{% else %}{{ age }}{% endif %}'
    '</td><td>{{ app.assigned_to.display_name|default:"–" }}</td></tr>\n'
    "{% endfor %}"
)


@pytest.mark.parametrize("language", ["de", "en"])
def test_rows_match_the_template_they_replace(language):
    w = make_world()
    w.submitted(title="KI für <Qualitätsprüfung> & Co.", planned_costs=Decimal("24691.00"))
    old = w.submitted(title="Altes Projekt")
    Application.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30), assigned_to=w.caseworker
    )
    w.reviewed(score=75, title="Bewertet")
    labels = dict(Application.Status.choices)
    with translation.override(language):
        rows = [
            (a, age_in_days(a), str(labels[a.status])) for a in application_queue(sort="oldest")
        ]
        assert len(rows) == 3
        expected = TEMPLATE_ROWS.render(Context({"rows": rows})).strip()
        built = str(queue_rows_html(rows))
    assert built == expected
    assert "&lt;Qualitätsprüfung&gt; &amp; Co." in built
    assert '<span class="status warn">30</span>' in built
