import json
import pytest
from bs4 import BeautifulSoup
from news.models import NewsStoryPage

@pytest.mark.django_db
def test_try(demo_content, client):
    for p in NewsStoryPage.objects.all():
        html = client.get(p.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        s = soup.select_one('script[type="application/ld+json"]')
        print(json.dumps(json.loads(s.string), indent=1, ensure_ascii=False))
