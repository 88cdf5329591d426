"""Forms of the classroom pages. They check what a person typed; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from argmap.classroom.models import (
    MAX_RATING,
    Assignment,
    Criterion,
    Group,
    PeerCriterion,
    Review,
)
from argmap.classroom.services import CriterionData, PeerCriterionData
from argmap.classroom.services.groups import MAX_GROUP_SIZE
from argmap.lib.zones import zone_label
from argmap.maps.models import Map, Visibility
from argmap.maps.visibility import copyable_maps


class CourseForm(forms.Form):
    title = forms.CharField(
        max_length=200, help_text="For example: History 301, the end of the Pacific War."
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=40,
        help_text="Your instructor gives it to you; it looks like ABCD-EFGH-JKLM.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class MapChoice(forms.ModelChoiceField[Map]):
    def label_from_instance(self, obj: Map) -> str:
        return f"{obj.title} — {obj.owner.username}, {obj.get_visibility_display().lower()}"


def _ordinary_maps(queryset: QuerySet[Map]) -> QuerySet[Map]:
    """Neither a submitted snapshot nor a student's working map."""
    return (
        queryset.filter(is_snapshot=False, working_for__isnull=True)
        .select_related("owner")
        .order_by("title", "pk")
    )


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    prompt = forms.CharField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What students should do. Markdown: **bold**, *italic*, lists, [links](https://…).",
    )
    due_at = forms.DateTimeField(
        label="Due",
        # The reader's zone is named in __init__ (argmap/lib/zones.py).
        help_text="Date and time, UTC.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    starter_map = MapChoice(
        queryset=Map.objects.none(),
        required=False,
        empty_label="None: each student starts from a blank map",
        help_text="Each student starts from their own private copy of it.",
    )
    reference_map = MapChoice(
        queryset=Map.objects.none(),
        required=False,
        empty_label="None",
        help_text="One of your private maps, never shown to students: submissions are compared "
        "with it. To use the demo debate, open it and choose “Make my own copy”.",
    )
    allow_resubmission = forms.BooleanField(
        required=False,
        initial=True,
        label="Students may submit again before you review",
        help_text="Returning a submission for revision always lets the student submit again.",
    )
    students_see_coverage = forms.BooleanField(
        required=False,
        label="Students see their coverage of the reference map",
    )
    work_in_groups = forms.BooleanField(
        required=False,
        label="Students work in groups",
        help_text="Each group shares one map: any member edits it and submits it for the group, "
        "and your review reaches every member. You make the groups on the assignment's Groups "
        "page. This cannot change once a student has started.",
    )
    students_anonymous = forms.BooleanField(
        required=False,
        label="Students are anonymous to each other",
        help_text="Fellow group members are shown as “Member 1”, “Member 2” instead of their "
        "names. You always see the names.",
    )
    anonymous_grading = forms.BooleanField(
        required=False,
        label="Grade anonymously",
        help_text="Student names are hidden from you while you review, until you release grades.",
    )

    def __init__(self, *args: Any, instructor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What is typed is read in the zone the page is shown in (TimeZoneMiddleware).
        zone = timezone.get_current_timezone()
        label = zone_label(zone)
        if label != "UTC":
            self.fields[
                "due_at"
            ].help_text = f"Date and time in {label} ({zone}), your browser's time zone."
        starter = self.fields["starter_map"]
        reference = self.fields["reference_map"]
        assert isinstance(starter, MapChoice) and isinstance(reference, MapChoice)
        starter.queryset = _ordinary_maps(copyable_maps(instructor))
        reference.queryset = _ordinary_maps(
            Map.objects.filter(owner=instructor).exclude(visibility=Visibility.PUBLIC)
        )

    def group_fields(self) -> list[forms.BoundField]:
        """The group-work and anonymity switches, drawn together as one fieldset."""
        names = ("work_in_groups", "students_anonymous", "anonymous_grading")
        return [self[name] for name in names]

    @staticmethod
    def initial_for(assignment: Assignment) -> dict[str, Any]:
        names = [
            "title",
            "prompt",
            "due_at",
            "allow_resubmission",
            "students_see_coverage",
            "work_in_groups",
            "students_anonymous",
            "anonymous_grading",
        ]
        initial: dict[str, Any] = {name: getattr(assignment, name) for name in names}
        initial["starter_map"] = assignment.starter_map_id
        initial["reference_map"] = assignment.reference_map_id
        return initial


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, required=False)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    points = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        if data.get("title") and not data.get("points"):
            self.add_error("points", "How many points is this criterion worth?")
        if data.get("points") and not (data.get("title") or "").strip():
            self.add_error("title", "Name the criterion.")
        return data


MAX_CRITERIA = 30
CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=2, can_delete=True, max_num=MAX_CRITERIA, validate_max=True
)
# The rubric again with one more blank line ("Add a criterion" without JavaScript).
OneMoreCriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, max_num=MAX_CRITERIA, validate_max=True
)


def criteria_initial(criteria: list[Criterion]) -> list[dict[str, Any]]:
    return [
        {"id": c.pk, "title": c.title, "description": c.description, "points": c.points}
        for c in criteria
    ]


def criteria_as_typed(formset: Any) -> list[dict[str, Any]]:
    """The lines of a submitted rubric as they were typed, valid or not, to show again."""
    names = ("id", "title", "description", "points", "DELETE")
    return [{name: form[name].value() for name in names} for form in formset.forms]


def criteria_data(formset: Any) -> list[CriterionData]:
    """The rubric lines of a valid formset: blank and deleted lines left out."""
    found = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (data.get("title") or "").strip():
            continue
        found.append(
            CriterionData(data["title"], data["points"], data.get("description", ""), data["id"])
        )
    return found


class ReviewForm(forms.Form):
    """One score field per criterion (`score_<id>`), then the overall feedback."""

    feedback = forms.CharField(
        label="Overall feedback",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The student sees it when you release the review.",
    )

    def __init__(self, *args: Any, criteria: list[Criterion], review: Review | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        given = {s.criterion_id: s.points for s in review.scores.all()} if review else {}
        self.criteria = criteria
        fields: dict[str, forms.Field] = {}
        for criterion in criteria:
            fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.title,
                required=False,
                min_value=0,
                max_value=criterion.points,
                help_text=f"out of {criterion.points}"
                + (f" · {criterion.description}" if criterion.description else ""),
                initial=given.get(criterion.pk),
                widget=forms.NumberInput(attrs={"class": "score-input"}),
            )
        self.fields = {**fields, "feedback": self.fields["feedback"]}
        if review is not None:
            self.fields["feedback"].initial = review.feedback

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{c.pk}"] for c in self.criteria]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something first."},
    )


class GroupForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name (optional)",
        help_text="Without a name it is called by its number: “Group 3”.",
    )


class RandomGroupsForm(forms.Form):
    size = forms.IntegerField(
        min_value=1,
        max_value=MAX_GROUP_SIZE,
        initial=3,
        label="Students per group",
        help_text="Only students in no group are placed; sizes differ by one at most.",
    )


class MoveForm(forms.Form):
    """Which group a student goes to; the service decides whether they may (locked groups)."""

    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, empty_label="No group"
    )

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Group.objects.filter(assignment=assignment)


# --- peer review --------------------------------------------------------------------------------


class PeerOpenForm(forms.Form):
    k = forms.IntegerField(
        label="Reviewers per submission",
        min_value=1,
        max_value=10,
        initial=2,
        help_text="Each student's (or group's) latest submission goes to this many classmates.",
    )
    rubric = forms.CharField(
        label="Peer rubric",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Evidence is cited | 3\nBoth sides are fairly put | 2",
        help_text="One criterion a line, then “|” and its points.",
    )

    def clean_rubric(self) -> list[PeerCriterionData]:
        found = []
        for line in self.cleaned_data["rubric"].splitlines():
            if not line.strip():
                continue
            title, _, points = line.rpartition("|")
            if not title.strip() or not points.strip().isdigit():
                raise forms.ValidationError(f"Write “{line.strip()}” as “title | points”.")
            found.append(PeerCriterionData(title.strip(), int(points)))
        return found


class PeerReviewForm(forms.Form):
    """One score per criterion of the peer rubric (`score_<id>`), all needed, then feedback."""

    feedback = forms.CharField(
        label="Overall feedback",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, criteria: list[PeerCriterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields: dict[str, forms.Field] = {
            f"score_{c.pk}": forms.IntegerField(
                label=c.title, min_value=0, max_value=c.points, help_text=f"out of {c.points}"
            )
            for c in criteria
        }
        self.fields = {**fields, "feedback": self.fields["feedback"]}

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{c.pk}"] for c in self.criteria]


class PeerModerateForm(forms.Form):
    hidden = forms.BooleanField(label="Hide from the author", required=False)
    hidden_reason = forms.CharField(
        label="Why (kept for you, never shown to students)", required=False, max_length=2000
    )
    rating = forms.TypedChoiceField(
        label="Quality of the review",
        choices=[("", "not rated"), *((str(n), f"{n} / {MAX_RATING}") for n in range(6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
