from django.urls import path

from incare.worklists import views

urlpatterns = [
    path("", views.my_worklist, name="worklist"),
    path("team/<str:team>/", views.team_worklist, name="worklist-team"),
    path("worker/<str:worker>/", views.worker_worklist, name="worklist-worker"),
    path("export/<str:filename>", views.export_worklist, name="worklist-export"),
]
