#!/usr/bin/python3
"""Build a service's sqlite schema from its SQLAlchemy models.

neutron's and octavia's alembic migrations use ALTER of constraints, which sqlite does not support.
For a test target the model metadata is enough: create the tables, then the caller stamps the alembic
head so that the service considers the database current. octavia's migrations also fill lookup
tables that its foreign keys point at (octavia turns sqlite foreign keys on), so we fill them here
from octavia's own constants.

Usage: db_schema.py neutron|octavia SQLALCHEMY_URL
"""
import sys

import sqlalchemy


def neutron_metadata():
    from neutron.db.migration.models import head
    return head.get_metadata()


def octavia_metadata():
    from octavia.db import base_models
    from octavia.db import models  # noqa: F401  (importing registers every table)
    return base_models.BASE.metadata


def octavia_lookup_rows():
    from octavia.common import constants as c
    return {
        "provisioning_status": list(c.SUPPORTED_PROVISIONING_STATUSES)
        + ["AMPHORA_ALLOCATED", "AMPHORA_BOOTING", "AMPHORA_READY"],
        "operating_status": c.SUPPORTED_OPERATING_STATUSES,
        "protocol": c.SUPPORTED_PROTOCOLS,
        "algorithm": c.SUPPORTED_LB_ALGORITHMS,
        "amphora_roles": c.SUPPORTED_AMPHORA_ROLES,
        "lb_topology": c.SUPPORTED_LB_TOPOLOGIES,
        "session_persistence_type": c.SUPPORTED_SP_TYPES,
        "health_monitor_type": c.SUPPORTED_HEALTH_MONITOR_TYPES,
        "vrrp_auth_method": c.SUPPORTED_VRRP_AUTH,
        "l7rule_type": c.SUPPORTED_L7RULE_TYPES,
        "l7rule_compare_type": c.SUPPORTED_L7RULE_COMPARE_TYPES,
        "l7policy_action": c.SUPPORTED_L7POLICY_ACTIONS,
        "client_authentication_mode": c.SUPPORTED_CLIENT_AUTH_MODES,
    }


def main(service, url):
    if service == "neutron":
        metadata = neutron_metadata()
    elif service == "octavia":
        metadata = octavia_metadata()
    else:
        raise SystemExit(f"db_schema.py: unknown service {service}")
    engine = sqlalchemy.create_engine(url)
    metadata.create_all(engine)
    print(f"{service}: {len(metadata.tables)} tables created from the models")
    if service == "octavia":
        with engine.begin() as conn:
            for table_name, names in octavia_lookup_rows().items():
                table = metadata.tables[table_name]
                present = {row[0] for row in conn.execute(sqlalchemy.select(table.c.name))}
                rows = [{"name": n} for n in dict.fromkeys(names) if n not in present]
                if rows:
                    conn.execute(table.insert(), rows)
        print("octavia: lookup tables filled")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
