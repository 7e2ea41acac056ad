"""Independent answers to check the engine against: textbook formulas and a numpy day.

Picture a single line at a post office. Queueing theory says how long, on average, a
customer stands in it, given how often people come and how long each is served. These
functions give those numbers without touching flowsim's engine, so that a test can
compare the engine's simulated waits with them:

* :func:`erlang_c_wait_prob` and :func:`mmc_mean_wait_min`: M/M/c (Erlang C);
* :func:`mmc_mean_wait_by_balance_min`: the same number from the birth-death balance
  equations, solved numerically, a check of the closed form;
* :func:`pollaczek_khinchine_mean_wait_min`: M/G/1;
* :func:`appointment_days`: a vectorised Monte Carlo of many single-provider
  appointment days by the Lindley recursion (no SimPy, no flowsim).

References
----------
D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of Queueing
Theory*, 4th ed., Wiley 2008: §2.3 (M/M/c, Erlang's C formula, eq. 2.31-2.35) and §5.1.1
(M/G/1, Pollaczek-Khinchine formula, eq. 5.13).
D. V. Lindley, "The theory of queues with a single server", Proc. Cambridge Phil. Soc.
48 (1952) 277-289 (the recursion W_{k+1} = max(0, W_k + S_k - A_{k+1})).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
ServiceSampler = Callable[[np.random.Generator, tuple[int, ...]], FloatArray]


def erlang_c_wait_prob(servers: int, offered_load: float) -> float:
    """Probability an arrival has to wait in an M/M/c queue (Erlang's C formula).

    With offered load ``a = lambda / mu`` and ``c`` servers (``a < c``)::

        C(c, a) = [a^c / c! * c / (c - a)] / [sum_{k<c} a^k / k! + a^c / c! * c / (c - a)]

    (Gross et al. 2008, §2.3, the probability of delay ``P(Wq > 0)``).
    """
    if not 0.0 < offered_load < servers:
        raise ValueError(f"need 0 < a < c for a stable queue, got a={offered_load}, c={servers}")
    tail = offered_load**servers / math.factorial(servers) * servers / (servers - offered_load)
    head = sum(offered_load**k / math.factorial(k) for k in range(servers))
    return tail / (head + tail)


def mmc_mean_wait_min(servers: int, arrivals_per_min: float, mean_service_min: float) -> float:
    """Mean wait in queue of an M/M/c queue, ``Wq = C(c, a) / (c * mu - lambda)`` (Gross et al. §2.3)."""
    service_rate = 1.0 / mean_service_min
    load = arrivals_per_min * mean_service_min
    return erlang_c_wait_prob(servers, load) / (servers * service_rate - arrivals_per_min)


def mmc_mean_wait_by_balance_min(
    servers: int, arrivals_per_min: float, mean_service_min: float, max_customers: int = 2000
) -> float:
    """M/M/c mean wait from the balance equations of the birth-death chain, solved numerically.

    ``p_n`` is proportional to ``prod_{k<n} lambda / (min(k+1, c) mu)``; the chain is cut at
    ``max_customers`` (its tail mass is negligible for loads used here). Then
    ``Lq = sum_n (n - c) p_n`` and, by Little's law, ``Wq = Lq / lambda``. Independent of the
    closed form in :func:`mmc_mean_wait_min`, so each checks the other.
    """
    n = np.arange(1, max_customers + 1)
    ratios = arrivals_per_min * mean_service_min / np.minimum(n, servers)
    log_p = np.concatenate(([0.0], np.cumsum(np.log(ratios))))
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    in_queue = np.maximum(np.arange(max_customers + 1) - servers, 0)
    return float(np.dot(in_queue, p) / arrivals_per_min)


def pollaczek_khinchine_mean_wait_min(
    arrivals_per_min: float, mean_service_min: float, service_second_moment_min2: float
) -> float:
    """Mean wait in queue of an M/G/1 queue, ``Wq = lambda E[S^2] / (2 (1 - rho))`` (Gross et al. §5.1.1)."""
    utilisation = arrivals_per_min * mean_service_min
    if not 0.0 < utilisation < 1.0:
        raise ValueError(f"need 0 < rho < 1, got rho={utilisation}")
    return arrivals_per_min * service_second_moment_min2 / (2.0 * (1.0 - utilisation))


def mg1_mean_wait_by_lindley_min(
    arrivals_per_min: float,
    service: ServiceSampler,
    customers: int,
    rng: np.random.Generator,
    chains: int = 64,
) -> FloatArray:
    """Mean waits of ``chains`` independent M/G/1 runs by the Lindley recursion, started in the 2nd half.

    Each chain runs ``2 * customers`` customers from empty and returns the mean wait of the
    last ``customers``; used only to check :func:`pollaczek_khinchine_mean_wait_min`.
    """
    total = 2 * customers
    gaps = rng.exponential(1.0 / arrivals_per_min, size=(chains, total))
    services = service(rng, (chains, total))
    waits = np.zeros((chains, total))
    for k in range(1, total):
        waits[:, k] = np.maximum(0.0, waits[:, k - 1] + services[:, k - 1] - gaps[:, k])
    means: FloatArray = waits[:, customers:].mean(axis=1)
    return means


@dataclass(frozen=True)
class AppointmentDays:
    """Per-day results of many simulated single-provider appointment days (arrays of one value per day)."""

    mean_wait_min: FloatArray  # mean over seen patients; nan on a day nobody came
    idle_min: FloatArray  # session length minus busy time inside the session
    overtime_min: FloatArray  # last finish minus session end, at least 0
    seen: FloatArray  # number of patients who came


def appointment_days(
    appointments_min: FloatArray,
    session_end_min: float,
    no_show_prob: float,
    service: ServiceSampler,
    days: int,
    rng: np.random.Generator,
) -> AppointmentDays:
    """Simulate ``days`` independent appointment days of one provider, vectorised over days.

    Punctual patients arrive at their appointment times ``a_k`` (sorted, session start 0),
    each independently a no-show with ``no_show_prob``, and are seen in appointment order by
    one provider who is free from time 0. With ``F`` the time the provider is next free, a
    patient who comes starts at ``max(a_k, F)``, waits ``max(a_k, F) - a_k`` and sets
    ``F = start + S_k``; between patients who come this is Lindley's recursion
    ``W_{k+1} = max(0, W_k + S_k - (a_{k+1} - a_k))``. No patient comes after the session
    end, so after it the provider works without a break until ``F``: busy time inside the
    session is ``sum S_k - overtime`` with ``overtime = max(0, F - session_end)``.
    """
    appointments = np.sort(np.asarray(appointments_min, dtype=float))
    count = len(appointments)
    shows = rng.random((days, count)) >= no_show_prob
    services = np.where(shows, service(rng, (days, count)), 0.0)
    free_at = np.zeros(days)
    wait_sum = np.zeros(days)
    for k in range(count):
        start = np.maximum(appointments[k], free_at)
        wait_sum += np.where(shows[:, k], start - appointments[k], 0.0)
        free_at = np.where(shows[:, k], start + services[:, k], free_at)
    seen = shows.sum(axis=1).astype(float)
    overtime = np.maximum(free_at - session_end_min, 0.0)
    busy_inside = services.sum(axis=1) - overtime
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_wait = np.where(seen > 0, wait_sum / seen, np.nan)
    return AppointmentDays(mean_wait, session_end_min - busy_inside, overtime, seen)


def exponential_service(mean_min: float) -> ServiceSampler:
    """A sampler of exponential service times with this mean."""

    def draw(rng: np.random.Generator, shape: tuple[int, ...]) -> FloatArray:
        return rng.exponential(mean_min, size=shape)

    return draw


def lognormal_service(mean_min: float, cv: float) -> ServiceSampler:
    """A sampler of lognormal service times with this mean and coefficient of variation.

    The normal's parameters follow from ``E = exp(mu + s^2/2)`` and ``cv^2 = exp(s^2) - 1``.
    """
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean_min) - sigma * sigma / 2.0

    def draw(rng: np.random.Generator, shape: tuple[int, ...]) -> FloatArray:
        return rng.lognormal(mu, sigma, size=shape)

    return draw


def gamma_service(mean_min: float, cv: float) -> ServiceSampler:
    """A sampler of gamma service times with this mean and coefficient of variation (shape ``1/cv^2``)."""
    shape_k = 1.0 / (cv * cv)

    def draw(rng: np.random.Generator, shape: tuple[int, ...]) -> FloatArray:
        return rng.gamma(shape_k, mean_min / shape_k, size=shape)

    return draw
