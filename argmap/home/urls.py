from django.urls import path

from argmap.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
