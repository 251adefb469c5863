from django.urls import path

from incare.returns import views

urlpatterns = [
    path("", views.import_runs, name="data"),
    path("upload/", views.upload, name="data-upload"),
    path("runs/<int:run_id>/", views.run_detail, name="data-run"),
    path("runs/<int:run_id>/validation.xlsx", views.run_excel, name="data-run-excel"),
]

imports_urlpatterns = [
    # The data page's first address, which bookmarks and other pages still use.
    path("", views.import_runs, name="import-runs"),
]
