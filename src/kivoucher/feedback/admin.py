from django.contrib import admin

from kivoucher.core.admin import ReadOnlyAdmin
from kivoucher.feedback.models import FeedbackAnswer, FeedbackTicket


class FeedbackAnswerInline(admin.TabularInline):
    model = FeedbackAnswer
    fields = ["created_at", "author", "emailed", "text"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FeedbackTicket)
class FeedbackTicketAdmin(ReadOnlyAdmin):
    """Read-only: tickets are answered and their status changed on the staff pages
    (/staff/feedback/), where every change is audited and mailed."""

    list_display = ["number", "created_at", "status", "page", "anonymised_at"]
    list_filter = ["status"]
    search_fields = ["page", "description"]
    date_hierarchy = "created_at"
    exclude = ["client_hash"]
    inlines = [FeedbackAnswerInline]
