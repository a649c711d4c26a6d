from django.urls import path

from apps.portal import feeds, views, views_newsroom

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("bai-viet/<slug:slug>-<int:pk>/", views.article, name="article"),
    path("bai-viet/<slug:slug>-<int:pk>/in/", views.article_print, name="print"),
    path("bai-viet/<int:pk>/binh-luan/", views.comment_post, name="comment"),
    path("anh/<int:pk>/<str:variant>/", views.image, name="image"),
    path("rss/", feeds.LatestRss(), name="rss"),
    path("atom/", feeds.LatestAtom(), name="atom"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # the newsroom
    path("toa-soan/", views_newsroom.desk, name="desk"),
    path("toa-soan/viet-bai/", views_newsroom.article_new, name="new"),
    path("toa-soan/bai/<int:pk>/", views_newsroom.article_edit, name="edit"),
    path("toa-soan/bai/<int:pk>/xem-truoc/", views_newsroom.article_preview, name="preview"),
    path("toa-soan/bai/<int:pk>/anh/", views_newsroom.image_upload, name="image_upload"),
    path("toa-soan/anh/<int:pk>/", views_newsroom.image_edit, name="image_edit"),
    path("toa-soan/bai/<int:pk>/<str:action>/", views_newsroom.article_action, name="action"),
    path("toa-soan/binh-luan/", views_newsroom.comments, name="comments"),
    path("toa-soan/binh-luan/<int:pk>/", views_newsroom.comment_moderate, name="moderate"),
    path("toa-soan/chuyen-muc/", views_newsroom.categories, name="categories"),
    path("toa-soan/chuyen-muc/<int:pk>/", views_newsroom.category_edit, name="category_edit"),
]
