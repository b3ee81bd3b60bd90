"""The process-wide data-set cache: least recently used first out, by bytes and by count."""

import pytest
import torch

from core import data
from core.config import DataConfig

MB = 2**20


@pytest.fixture
def fake(monkeypatch):
    """A 'fake' data set whose size in MB is its split_seed."""

    def make(cfg):
        x = torch.zeros(cfg.split_seed * MB // 4)  # float32: split_seed MB
        y = torch.zeros(0, dtype=torch.int64)
        return data.Dataset("fake", x, y, x[:0], y, (), "", "")

    monkeypatch.setitem(data.DATASETS, "fake", data.Source("fake", make, label="fake", caption="fake"))  # one entry
    data.clear_cache()
    yield lambda mb, limit=None: data.load(DataConfig("fake", split_seed=mb, limit=limit))
    data.clear_cache()


def test_the_least_recently_used_data_set_goes_first_when_over_budget(fake, monkeypatch):
    monkeypatch.setenv("AEVAE_DATA_CACHE_MB", "5")
    a, b = fake(2), fake(1)
    assert data.cache_info() == (2, 3 * MB)
    assert fake(2) is a  # a hit, and now the most recent
    fake(3)  # 6 MB in all: b is the least recently used
    assert data.cache_info() == (2, 5 * MB)
    assert fake(2) is a and fake(1) is not b


def test_the_newest_data_set_stays_even_when_alone_it_is_over_budget(fake, monkeypatch):
    monkeypatch.setenv("AEVAE_DATA_CACHE_MB", "1")
    big = fake(4)
    assert data.cache_info() == (1, 4 * MB) and fake(4) is big


def test_at_most_a_handful_of_data_sets_are_kept(fake, monkeypatch):
    monkeypatch.setenv("AEVAE_DATA_CACHE_MB", "1000")
    first = fake(0, limit=2)
    for i in range(3, data.CACHE_ENTRIES + 3):
        fake(0, limit=i)
    assert data.cache_info().entries == data.CACHE_ENTRIES and fake(0, limit=2) is not first


def test_clear_cache_empties_it(fake):
    fake(1)
    data.clear_cache()
    assert data.cache_info() == (0, 0)


def test_the_default_budget_is_1500_mb(monkeypatch):
    monkeypatch.delenv("AEVAE_DATA_CACHE_MB", raising=False)
    assert data.cache_budget() == 1500 * MB
    monkeypatch.setenv("AEVAE_DATA_CACHE_MB", "0.5")
    assert data.cache_budget() == MB // 2
