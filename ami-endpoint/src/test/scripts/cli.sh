#!/usr/bin/env bash
# cli.sh URL: the AWS CLI v2 (/usr/bin/aws) and boto3 (/usr/bin/python3) against an amisdk
# endpoint at URL, as a user's scripts would call EC2: register -> describe with filters -> share
# -> copy to another region -> launch -> stop/start -> deregister -> delete snapshots.
# Needs a cloud whose states settle at once (LifecycleTimings.instant()); the waiters' first poll
# then succeeds. Prints one line per step; exits non-zero at the first step that fails.
set -euo pipefail
url=$1
export AWS_ACCESS_KEY_ID=111111111111 AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_EC2_METADATA_DISABLED=true
ec2() { /usr/bin/aws --endpoint-url "$url" ec2 "$@"; }
fail() { echo "cli: FAILED: $*" >&2; exit 1; }

vol=$(ec2 create-volume --size 1 --availability-zone us-east-1a --query VolumeId --output text)
snap=$(ec2 create-snapshot --volume-id "$vol" --description "cli root" --query SnapshotId --output text)
ec2 wait snapshot-completed --snapshot-ids "$snap"
ami=$(ec2 register-image --name cli-web-1 --architecture x86_64 --virtualization-type hvm \
  --root-device-name /dev/xvda --block-device-mappings "DeviceName=/dev/xvda,Ebs={SnapshotId=$snap}" \
  --query ImageId --output text)
ec2 create-tags --resources "$ami" --tags Key=Team,Value=web
ec2 wait image-available --image-ids "$ami"
echo "cli: registered $ami from $snap"

found=$(ec2 describe-images --owners self --filters 'Name=name,Values=cli-web-*' 'Name=tag:Team,Values=web' \
  --query 'Images[].ImageId' --output text)
[ "$found" = "$ami" ] || fail "describe-images with filters found '$found', not $ami"
none=$(ec2 describe-images --owners self --filters 'Name=name,Values=db-*' --query 'length(Images)' --output text)
[ "$none" = "0" ] || fail "a filter that matches nothing found $none images"
echo "cli: describe-images with filters found $found"

if ec2 deregister-image --image-id "$ami" --dry-run 2>/tmp/amisdk-cli-dryrun.$$; then fail "dry run changed something"; fi
grep -q DryRunOperation /tmp/amisdk-cli-dryrun.$$ || fail "dry run: $(cat /tmp/amisdk-cli-dryrun.$$)"
rm -f /tmp/amisdk-cli-dryrun.$$

ec2 modify-image-attribute --image-id "$ami" --launch-permission 'Add=[{UserId=222222222222}]'
shared=$(AWS_ACCESS_KEY_ID=222222222222 ec2 describe-images --executable-users self --query 'Images[].ImageId' --output text)
[ "$shared" = "$ami" ] || fail "account 222222222222 does not see the shared image: '$shared'"
echo "cli: shared $ami with 222222222222"

copy=$(ec2 copy-image --region us-west-2 --source-region us-east-1 --source-image-id "$ami" --name cli-web-1-west \
  --query ImageId --output text)
ec2 wait image-available --region us-west-2 --image-ids "$copy"
echo "cli: copied to us-west-2 as $copy"

instance=$(ec2 run-instances --image-id "$ami" --instance-type t3.micro --count 1 --query 'Instances[0].InstanceId' --output text)
ec2 wait instance-running --instance-ids "$instance"
ec2 stop-instances --instance-ids "$instance" >/dev/null
ec2 wait instance-stopped --instance-ids "$instance"
ec2 start-instances --instance-ids "$instance" >/dev/null
ec2 wait instance-running --instance-ids "$instance"
state=$(ec2 describe-instances --instance-ids "$instance" --query 'Reservations[0].Instances[0].State.Name' --output text)
[ "$state" = "running" ] || fail "instance $instance is $state after start"
ec2 terminate-instances --instance-ids "$instance" >/dev/null
echo "cli: launched, stopped and started $instance"

ec2 deregister-image --image-id "$ami" >/dev/null
ec2 delete-snapshot --snapshot-id "$snap"
left=$(ec2 describe-snapshots --owner-ids self --query 'length(Snapshots)' --output text)
[ "$left" = "0" ] || fail "$left snapshots left in us-east-1"
echo "cli: deregistered $ami and deleted $snap"

# the same story through boto3, Debian's, not a virtualenv's
/usr/bin/python3 - "$url" <<'PYTHON'
import sys
import boto3
from botocore.exceptions import ClientError

url = sys.argv[1]
def client(region, account="111111111111"):
    return boto3.client("ec2", endpoint_url=url, region_name=region,
                        aws_access_key_id=account, aws_secret_access_key="local")

ec2 = client("us-east-1")
volume = ec2.create_volume(Size=1, AvailabilityZone="us-east-1a")["VolumeId"]
snap = ec2.create_snapshot(VolumeId=volume, Description="boto3 root")["SnapshotId"]
ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snap])
ami = ec2.register_image(Name="boto3-web-1", Architecture="arm64", VirtualizationType="hvm",
                         RootDeviceName="/dev/xvda",
                         BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}])["ImageId"]
ec2.get_waiter("image_available").wait(ImageIds=[ami])
images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": ["boto3-*"]},
                                                     {"Name": "architecture", "Values": ["arm64"]}])["Images"]
assert [i["ImageId"] for i in images] == [ami], images
assert images[0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"] == snap, images
try:
    ec2.describe_images(ImageIds=["ami-12345"])
    raise AssertionError("a malformed id was accepted")
except ClientError as refused:
    assert refused.response["Error"]["Code"] == "InvalidAMIID.Malformed", refused.response
ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"UserId": "222222222222"}]})
seen = client("us-east-1", "222222222222").describe_images(ExecutableUsers=["self"])["Images"]
assert [i["ImageId"] for i in seen] == [ami], seen
west = client("us-west-2")
copy = west.copy_image(SourceImageId=ami, SourceRegion="us-east-1", Name="boto3-web-1-west")["ImageId"]
west.get_waiter("image_available").wait(ImageIds=[copy])
instance = ec2.run_instances(ImageId=ami, InstanceType="t4g.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
ec2.get_waiter("instance_running").wait(InstanceIds=[instance])
ec2.stop_instances(InstanceIds=[instance])
ec2.get_waiter("instance_stopped").wait(InstanceIds=[instance])
ec2.start_instances(InstanceIds=[instance])
ec2.get_waiter("instance_running").wait(InstanceIds=[instance])
ec2.terminate_instances(InstanceIds=[instance])
ec2.deregister_image(ImageId=ami)
ec2.delete_snapshot(SnapshotId=snap)
assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
print("boto3: registered, described, shared, copied, launched, stopped, started, deregistered and deleted", ami)
PYTHON
echo "cli: all steps passed"
