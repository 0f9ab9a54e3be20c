"""Build a PerpsBot by dependency injection: every service is created here, and only here."""

from __future__ import annotations

from bot_v2.config.settings import Settings
from bot_v2.features.live_trade.risk import RiskGateValidator
from bot_v2.features.market_data.service import MarketDataService
from bot_v2.features.streaming.websocket_service import StreamingService
from bot_v2.monitoring.alerts import AlertDispatcher
from bot_v2.monitoring.metrics import MetricsRegistry
from bot_v2.monitoring.telemetry import AccountTelemetryService
from bot_v2.orchestration.broker_factory import create_broker
from bot_v2.orchestration.config.models import BotConfig, Profile
from bot_v2.orchestration.execution.engine_factory import EngineFactory
from bot_v2.orchestration.execution_coordinator import ExecutionCoordinator
from bot_v2.orchestration.guardrails import TradingGates
from bot_v2.orchestration.lifecycle_service import LifecycleService
from bot_v2.orchestration.live_execution import LiveExecutionEngine
from bot_v2.orchestration.order_reconciler import OrderReconciler
from bot_v2.orchestration.perps_bot import PerpsBot
from bot_v2.orchestration.runtime_coordinator import RuntimeCoordinator
from bot_v2.orchestration.service_registry import ServiceRegistry
from bot_v2.orchestration.storage import StateStore
from bot_v2.orchestration.strategy_orchestrator import StrategyOrchestrator
from bot_v2.orchestration.system_monitor import SystemMonitor


class PerpsBotBuilder:
    """Create every service of a bot for one profile and wire them together."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._profile = Profile(name=settings.profile, symbols=("BTC-PERP",))
        self.services = ServiceRegistry()

    def with_profile(self, name: str) -> PerpsBotBuilder:
        """Build for the profile ``name``."""
        self._profile = Profile(name=name, symbols=self._profile.symbols)
        return self

    def build(self) -> PerpsBot:
        """Create the services, register them and return the wired bot."""
        config = BotConfig(profile=self._profile)
        metrics = MetricsRegistry()
        broker = create_broker(config)
        store = StateStore(self._settings)
        market_data = MarketDataService(broker, AccountTelemetryService(metrics))
        streaming = StreamingService(config.streaming.url, metrics) if config.streaming.enabled else None
        bot = PerpsBot(config, store, LifecycleService(store), TradingGates(config, broker), streaming)
        factory = EngineFactory(broker)
        execution = ExecutionCoordinator(factory)
        engine = LiveExecutionEngine(
            bot, RiskGateValidator(config.risk), factory.placement(), OrderReconciler(bot, broker)
        )
        execution.register("default", engine)
        bot.execution = engine
        bot.coordinator = RuntimeCoordinator(bot, StrategyOrchestrator(market_data, list(config.symbols)), execution)
        for name, service in (("broker", broker), ("market_data", market_data), ("metrics", metrics)):
            self.services.register(name, service)
        self.services.register("monitor", SystemMonitor(bot, config, self.services, AlertDispatcher(metrics)))
        return bot
