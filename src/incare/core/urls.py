from django.urls import path

from incare.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
