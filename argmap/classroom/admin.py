from django.contrib import admin

from argmap.classroom.models import Assignment, Course, Enrolment, Submission


class EnrolmentInline(admin.TabularInline[Enrolment, Course]):
    model = Enrolment
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("title", "join_code", "created")
    search_fields = ("title",)
    inlines = [EnrolmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("title", "course", "due_at")
    raw_id_fields = ("starter_map", "reference_map", "created_by")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    """Read-only: a submission and its snapshot are never edited, not even here."""

    list_display = ("assignment", "student", "number", "submitted_at", "late", "status")
    list_filter = ("status", "late")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
