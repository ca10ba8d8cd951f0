"""Makes a tenant's contracts and clients forget the months they keep (docs/operations.md, "Kept months after a
rollback"): REMOVE balancesFrom from every contract item and every client's #NOCONTRACT #MONTHS item, so each tells
no month until its next entry starts it again from the ledger's aggregates (docs/data-model.md).

  .tools/venv/bin/python scripts/forget_kept_months.py --table <table> <tenant id> [<tenant id> ...]

Reads by Query only, two per tenant (all pages): GSI1 TENANT#<t>#CONTRACTS (the tenant's contracts) and GSI1
TENANT#<t>#CLIENTS (its clients, whose #MONTHS item keys follow from their ids); then one UpdateItem per item, on
condition that it exists (a client without a #MONTHS item is skipped). No Scan: the tenants are named. Safe to run
again; AWS_ENDPOINT_URL points it at an emulator.
"""

import argparse
import os
import sys

import boto3
from botocore.exceptions import ClientError


def index_items(db, table, partition, projection):
    """Every item of a GSI1 partition, all pages, projected to the named attributes."""
    kwargs = dict(
        TableName=table,
        IndexName="GSI1",
        KeyConditionExpression="gsi1pk = :pk",
        ExpressionAttributeValues={":pk": {"S": partition}},
        ProjectionExpression=projection,
    )
    while True:
        page = db.query(**kwargs)
        yield from page["Items"]
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def forget(db, table, pk, sk):
    """REMOVE balancesFrom from an existing item; False when there is no such item."""
    try:
        db.update_item(
            TableName=table,
            Key={"pk": {"S": pk}, "sk": {"S": sk}},
            UpdateExpression="REMOVE balancesFrom",
            ConditionExpression="attribute_exists(pk)",
        )
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", required=True)
    parser.add_argument("tenants", nargs="+")
    args = parser.parse_args()
    db = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None)
    for tenant in args.tenants:
        contracts = clients = 0
        for item in index_items(db, args.table, "TENANT#%s#CONTRACTS" % tenant, "pk, sk"):
            contracts += forget(db, args.table, item["pk"]["S"], item["sk"]["S"])
        for item in index_items(db, args.table, "TENANT#%s#CLIENTS" % tenant, "id"):
            pk = "TENANT#%s#CLIENT#%s#NOCONTRACT" % (tenant, item["id"]["S"])
            clients += forget(db, args.table, pk, "#MONTHS")
        print("%s: %d contracts, %d clients' #MONTHS items forget their kept months" % (tenant, contracts, clients))
    return 0


if __name__ == "__main__":
    sys.exit(main())
