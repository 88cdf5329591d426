from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    name = "argmap.classroom"
    label = "classroom"
    verbose_name = "Classroom: courses, assignments, submissions, reviews"
