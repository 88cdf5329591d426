from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "argmap.maps"
    label = "maps"
    verbose_name = "Argument maps"

    def ready(self) -> None:
        from argmap.lib.revalidation import watch_writes

        # Writes that no page tag needs to hear of: statements, links and their history count
        # in their map's revision; sessions, log-in records, API keys and the admin's own log
        # change no page.
        watch_writes(
            skip={
                "maps.node",
                "maps.link",
                "maps.node_extra_sources",
                "maps.link_attested_in",
                "maps.link_co_premises",
                "maps.revision",
                "sessions.session",
                "axes.accessattempt",
                "axes.accessfailurelog",
                "axes.accesslog",
                "knox.authtoken",
                "admin.logentry",
                # Who has a map open (argmap/live/): shown by the live stream, on no page.
                "live.presence",
            }
        )
