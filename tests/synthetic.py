"""A synthetic site index of any size for the map and graph tests (no NLP).

Entities are picked for each article with Zipf-like weights, as in real news
where a few names are everywhere and most appear once. Names may carry markup,
to show that none of it reaches a picture unescaped.
"""

from __future__ import annotations

import random

from generator.index import build_index
from generator.model import Actor, Article, Location, Mention, Sentence, SiteIndex, Source

ACTOR_KINDS = ("person", "person", "person", "organisation", "state", "group")
PLACE_KINDS = ("city", "city", "region", "country")


def synthetic_index(articles: int, actors: int, places: int, seed: int = 1, per_article: int = 12, name: str = "{kind} {i}") -> SiteIndex:
    rng = random.Random(seed)
    actor_pool = [(f"a{i}", name.format(kind="Actor", i=i), ACTOR_KINDS[i % len(ACTOR_KINDS)]) for i in range(actors)]
    place_pool = [
        (f"p{i}", name.format(kind="Place", i=i), PLACE_KINDS[i % len(PLACE_KINDS)],
         round(rng.uniform(-50, 70), 4), round(rng.uniform(-170, 170), 4))
        for i in range(places)
    ]
    actor_weights = [1 / (i + 1) for i in range(actors)]
    place_weights = [1 / (i + 1) for i in range(places)]
    out = []
    for n in range(articles):
        title = f"Article {n}"
        text = f"{title}\n\nBody of article {n}.\n"
        mention = (Mention(len(title) + 2, len(title) + 6, "Body"),)
        sentence = Sentence(len(title) + 2, len(text) - 1, f"Body of article {n}.")
        count_actors = rng.randint(1, per_article)
        count_places = rng.randint(1, max(1, per_article // 2))
        chosen_actors = {a for a in rng.choices(actor_pool, actor_weights, k=count_actors)}
        chosen_places = {p for p in rng.choices(place_pool, place_weights, k=count_places)}
        out.append(Article(
            source=Source(path=f"seeds/{n:05d}.txt", text=text, title=title, standfirst=None,
                          date=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", body_start=len(title) + 2, paragraphs=(sentence,)),
            id=f"article-{n}", summary=(sentence.text,),
            actors=tuple(Actor(i, nm, kind, None, (), mention) for i, nm, kind in sorted(chosen_actors)),
            locations=tuple(Location(i, nm, kind, "FR", lat, lon, mention) for i, nm, kind, lat, lon in sorted(chosen_places)),
            quotes=(), sentences=(sentence,),
        ))
    return build_index(out)
