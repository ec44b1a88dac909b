"""EBS direct APIs and test control against a local amisdk endpoint, with boto3's own `ebs` client.

Usage: boto3_ebs_direct.py URL ACCOUNT
Resets the world, writes a snapshot block by block, lists and reads it back, checks EBS's error
codes, seeds one image for ACCOUNT and advances the manual clock. Prints one JSON line of what it
made, for the caller to check against the cloud; exits non-zero at the first surprise.
"""
import base64
import hashlib
import json
import sys
import urllib.request

from local_endpoint import client, expect_error

BLOCK = 524288


def control(url, path, body=None):
    request = urllib.request.Request(url + path, data=body if body is not None else b"", method="POST")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def checksum(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def main(url, account):
    assert control(url, "/_amisdk/reset") == {"Reset": True}
    ebs = client("ebs", url, account)

    started = ebs.start_snapshot(VolumeSize=1, Description="from boto3", Tags=[{"Key": "by", "Value": "boto3"}])
    snapshot = started["SnapshotId"]
    assert started["Status"] == "pending", started
    assert started["BlockSize"] == BLOCK, started
    blocks = {0: bytes([7]) * BLOCK, 3: bytes(range(256)) * (BLOCK // 256)}
    for index, data in blocks.items():
        put = ebs.put_snapshot_block(SnapshotId=snapshot, BlockIndex=index, BlockData=data, DataLength=BLOCK,
                                     Checksum=checksum(data), ChecksumAlgorithm="SHA256")
        assert put["Checksum"] == checksum(data), put
    bad = expect_error("ValidationException", lambda: ebs.put_snapshot_block(
        SnapshotId=snapshot, BlockIndex=1, BlockData=blocks[0], DataLength=BLOCK,
        Checksum=checksum(blocks[3]), ChecksumAlgorithm="SHA256"))
    assert bad["Reason"] == "INVALID_BLOCK", bad
    assert ebs.complete_snapshot(SnapshotId=snapshot, ChangedBlocksCount=2)["Status"] == "completed"

    listed = ebs.list_snapshot_blocks(SnapshotId=snapshot)
    assert [b["BlockIndex"] for b in listed["Blocks"]] == [0, 3], listed
    assert listed["VolumeSize"] == 1, listed
    for block in listed["Blocks"]:
        got = ebs.get_snapshot_block(SnapshotId=snapshot, BlockIndex=block["BlockIndex"], BlockToken=block["BlockToken"])
        data = got["BlockData"].read()
        assert data == blocks[block["BlockIndex"]], "block %d read back differs" % block["BlockIndex"]
        assert got["Checksum"] == checksum(data) and got["ChecksumAlgorithm"] == "SHA256", got
    changed = ebs.list_changed_blocks(SecondSnapshotId=snapshot)
    assert [b["BlockIndex"] for b in changed["ChangedBlocks"]] == [0, 3], changed
    missing = expect_error("ResourceNotFoundException", lambda: ebs.list_snapshot_blocks(SnapshotId="snap-0123456789abcdef0"))
    assert missing["Reason"] == "SNAPSHOT_NOT_FOUND", missing

    images = {"Images": [{"ImageId": "ami-0abcdef1234567890", "Name": "seeded-by-boto3", "State": "available",
                          "Architecture": "x86_64", "VirtualizationType": "hvm", "Hypervisor": "xen",
                          "RootDeviceType": "ebs", "RootDeviceName": "/dev/xvda", "ImageType": "machine",
                          "OwnerId": "123456789012", "Public": False,
                          "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                                   "Ebs": {"SnapshotId": "snap-0abcdef1234567890", "VolumeSize": 8}}]}]}
    seeded = control(url, "/_amisdk/seed?region=us-east-1&account=" + account, json.dumps(images).encode())
    assert seeded == {"Region": "us-east-1", "Seeded": 1}, seeded
    now = control(url, "/_amisdk/clock/advance?seconds=3600")["Now"]
    print(json.dumps({"SnapshotId": snapshot, "Now": now}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
