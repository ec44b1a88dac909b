"""The Recycle Bin against a local amisdk endpoint, with boto3's own `rbin` and `ec2` clients.

Usage: boto3_recycle_bin.py URL ACCOUNT SNAPSHOT_ID
Creates, reads, lists, updates and deletes retention rules (rbin, REST-JSON), checks rbin's error
codes, deletes SNAPSHOT_ID so that the rule keeps it, lists it in the Recycle Bin and restores it
(EC2 Query). Prints one JSON line of what it made, for the caller to check against the cloud;
exits non-zero at the first surprise.
"""
import json
import sys

from local_endpoint import check, client, expect_error


def main(url, account, snapshot):
    rbin = client("rbin", url, account)
    ec2 = client("ec2", url, account)

    week = {"RetentionPeriodValue": 7, "RetentionPeriodUnit": "DAYS"}
    created = rbin.create_rule(ResourceType="EBS_SNAPSHOT", RetentionPeriod=week, Description="snapshots a week")
    rule = created["Identifier"]
    check(created["Status"] == "available" and created["RetentionPeriod"] == week, created)
    got = rbin.get_rule(Identifier=rule)
    check(got["Description"] == "snapshots a week" and got["ResourceType"] == "EBS_SNAPSHOT", got)
    listed = rbin.list_rules(ResourceType="EBS_SNAPSHOT")["Rules"]
    check([r["Identifier"] for r in listed] == [rule], listed)
    check(rbin.list_rules(ResourceType="EC2_IMAGE")["Rules"] == [], "no image rules yet")
    updated = rbin.update_rule(Identifier=rule, RetentionPeriod={"RetentionPeriodValue": 14, "RetentionPeriodUnit": "DAYS"})
    check(updated["RetentionPeriod"]["RetentionPeriodValue"] == 14 and updated["Description"] == "snapshots a week", updated)

    images = rbin.create_rule(ResourceType="EC2_IMAGE", RetentionPeriod=week,
                              ResourceTags=[{"ResourceTagKey": "keep", "ResourceTagValue": "yes"}])["Identifier"]
    check(rbin.get_rule(Identifier=images)["ResourceTags"] == [{"ResourceTagKey": "keep", "ResourceTagValue": "yes"}], "tags")
    rbin.delete_rule(Identifier=images)
    expect_error("ResourceNotFoundException", lambda: rbin.get_rule(Identifier=images))
    expect_error("ValidationException", lambda: rbin.create_rule(
        ResourceType="EBS_SNAPSHOT", RetentionPeriod={"RetentionPeriodValue": 366, "RetentionPeriodUnit": "DAYS"}))
    other = client("rbin", url, "999988887777")
    expect_error("ResourceNotFoundException", lambda: other.get_rule(Identifier=rule))

    ec2.delete_snapshot(SnapshotId=snapshot)
    binned = ec2.list_snapshots_in_recycle_bin()["Snapshots"]
    check([s["SnapshotId"] for s in binned] == [snapshot], binned)
    enter, exit_ = binned[0]["RecycleBinEnterTime"], binned[0]["RecycleBinExitTime"]
    check((exit_ - enter).days == 14, (enter, exit_))
    expect_error("InvalidSnapshot.NotFound", lambda: ec2.describe_snapshots(SnapshotIds=[snapshot]))
    restored = ec2.restore_snapshot_from_recycle_bin(SnapshotId=snapshot)
    check(restored["SnapshotId"] == snapshot and restored["State"] == "completed", restored)
    check(ec2.describe_snapshots(SnapshotIds=[snapshot])["Snapshots"][0]["SnapshotId"] == snapshot, "described again")
    print(json.dumps({"Rule": rule}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
