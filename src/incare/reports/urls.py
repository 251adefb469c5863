from django.urls import path

from incare.reports import views

urlpatterns = [
    path("<slug:slug>/packs/", views.packs, name="packs"),
    path("<slug:slug>/packs/forum/", views.forum_pack, name="forum-pack"),
    path("<slug:slug>/packs/annual/", views.annual_report, name="annual-report"),
]
