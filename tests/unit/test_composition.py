"""The composition root's pure parts: use cases bound by name, workers started and stopped
together. (``bootstrap`` on a real database is exercised by every integration test.)"""

from __future__ import annotations

import pytest

from mesdesk.runtime import Workers
from mesdesk.services import batches, webhooks
from mesdesk.services.use_cases import UseCases, bind
from tests.support.fakes import IdleWorker


def test_a_use_case_gets_its_dependencies_and_the_caller_only_what_the_user_chose():
    seen = []

    def list_things(uow_factory, journal, flt, *, limit=10):
        seen.append((uow_factory, journal, flt, limit))
        return "rows"

    bound = bind(list_things, {"uow_factory": "UOW", "journal": "J", "job_store": "S"})
    assert bound("only-open", limit=3) == "rows"
    assert seen == [("UOW", "J", "only-open", 3)]
    assert bound.__name__ == "list_things"


def test_a_function_whose_first_parameter_is_no_dependency_is_not_a_use_case():
    assert bind(lambda raw, uow_factory=None: raw, {"uow_factory": 1}) is None


def test_the_runtime_use_cases_cover_the_services_the_views_call():
    use = UseCases({"uow_factory": object(), "journal": object(), "job_store": object()})
    for name in ("list_batches", "get_batch", "close_batch", "intake_batches",
                 "list_subscriptions", "queue_length", "offline_scan_count", "recent_jobs"):
        assert name in use.names
    assert "check_filter" not in use.names          # a pure helper: no dependency to bind
    assert use.update_batch.__doc__ == batches.update_batch.__doc__
    assert use.add_subscription.__name__ == webhooks.add_subscription.__name__


def test_replacing_a_use_case_that_does_not_exist_is_refused():
    use = UseCases({"uow_factory": object()})
    use.replace(list_batches=lambda *a, **k: ["fake"])
    assert use.list_batches() == ["fake"]
    with pytest.raises(ValueError, match="list_batchez"):
        use.replace(list_batchez=lambda: [])
    with pytest.raises(AttributeError, match="no use case 'nothing_here'"):
        use.nothing_here


def test_an_unknown_dependency_is_refused():
    with pytest.raises(ValueError, match="engine"):
        UseCases({"engine": object()})


def test_workers_start_together_and_stop_newest_first():
    order = []

    class Recording(IdleWorker):
        def __init__(self, name):
            super().__init__()
            self.name = name

        def start(self):
            order.append(f"start {self.name}")

        def stop(self):
            order.append(f"stop {self.name}")

    workers = Workers(dispatcher=Recording("dispatcher"), scheduler=Recording("scheduler"))
    workers.start()
    workers.start()                                  # twice: nothing more starts
    workers.stop()
    workers.stop()                                   # idempotent
    assert order == ["start dispatcher", "start scheduler", "stop scheduler",
                     "stop dispatcher"]


def test_workers_without_scheduled_jobs_leave_the_scheduler_alone():
    dispatcher, scheduler = IdleWorker(), IdleWorker()
    workers = Workers(dispatcher=dispatcher, scheduler=scheduler)
    workers.start(scheduled_jobs=False)
    assert dispatcher.started and not scheduler.started
    workers.stop()
    assert not dispatcher.started


def test_every_use_case_names_the_least_role_that_may_run_it():
    from mesdesk.domain.roles import LEAST_ROLE, OPEN, STATION_ACTIONS
    from mesdesk.services.identity import Identity
    from mesdesk.services.use_cases import DEPENDENCIES

    use = UseCases({name: object() for name in DEPENDENCIES}, identity=Identity())
    assert set(use.names) == set(LEAST_ROLE) - STATION_ACTIONS | OPEN, \
        "the roles table is the use cases (and the station's actions), exactly"
    assert not STATION_ACTIONS & set(use.names)
