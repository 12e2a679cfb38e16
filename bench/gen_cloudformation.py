"""CloudFormation inputs for the benchmark: the same data platform as gen_terraform, in YAML templates.

A platform larger than AWS's 500-resource limit per stack is split into shard templates, each with
its own network and shared resources (as teams split a platform into stacks); `write_single` writes
one template however large, for the 1,000-resource case.
"""

from __future__ import annotations

import os
import re

HEAD = """AWSTemplateFormatVersion: "2010-09-09"
Description: Data platform shard {shard} (benchmark input)

Parameters:
  Environment:
    Type: String
    Default: dev
    AllowedValues: [dev, staging, prod]
  VpcCidr:
    Type: String
    Default: 10.40.0.0/16

Conditions:
  IsProd: !Equals [!Ref Environment, prod]

Resources:
"""

CORE = """  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref VpcCidr
      EnableDnsSupport: true
      EnableDnsHostnames: true
      Tags:
        - Key: Name
          Value: !Sub dp-${Environment}-{shard}-vpc

  PrivateSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!Ref VpcCidr, 16, 12]]
      AvailabilityZone: !Select [0, !GetAZs ""]

  PrivateSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!Ref VpcCidr, 16, 12]]
      AvailabilityZone: !Select [1, !GetAZs ""]

  PlatformKey:
    Type: AWS::KMS::Key
    Properties:
      Description: !Sub Data platform key (${Environment}, {shard})
      EnableKeyRotation: true
      PendingWindowInDays: !If [IsProd, 30, 7]
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: AccountAdmin
            Effect: Allow
            Principal:
              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"

  PlatformKeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub alias/dp-${Environment}-{shard}
      TargetKeyId: !Ref PlatformKey

  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub dp-${Environment}-{shard}
      ClusterSettings:
        - Name: containerInsights
          Value: enabled

  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Internal load balancer
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - Description: HTTP from the VPC
          IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          CidrIp: !Ref VpcCidr
      SecurityGroupEgress:
        - Description: To the workers
          IpProtocol: "-1"
          CidrIp: !Ref VpcCidr

  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: !Sub dp-${Environment}-{shard}
      Scheme: internal
      Type: application
      SecurityGroups: [!Ref AlbSecurityGroup]
      Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]

  HttpListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig:
            ContentType: text/plain
            MessageBody: not found
            StatusCode: "404"

  ArtifactsBucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
"""

NETWORK = """
  PublicSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [14, !Cidr [!Ref VpcCidr, 16, 12]]
      AvailabilityZone: !Select [0, !GetAZs ""]

  PublicSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [15, !Cidr [!Ref VpcCidr, 16, 12]]
      AvailabilityZone: !Select [1, !GetAZs ""]

  InternetGateway:
    Type: AWS::EC2::InternetGateway

  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref InternetGateway

  NatEip:
    Type: AWS::EC2::EIP
    DependsOn: GatewayAttachment
    Properties:
      Domain: vpc

  NatGateway:
    Type: AWS::EC2::NatGateway
    Properties:
      AllocationId: !GetAtt NatEip.AllocationId
      SubnetId: !Ref PublicSubnetA

  PublicRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc

  PublicRoute:
    Type: AWS::EC2::Route
    DependsOn: GatewayAttachment
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway

  PrivateRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc

  PrivateRoute:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PrivateRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref NatGateway

  PublicSubnetARoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnetA
      RouteTableId: !Ref PublicRouteTable

  PublicSubnetBRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnetB
      RouteTableId: !Ref PublicRouteTable

  PrivateSubnetARoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PrivateSubnetA
      RouteTableId: !Ref PrivateRouteTable

  PrivateSubnetBRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PrivateSubnetB
      RouteTableId: !Ref PrivateRouteTable

  DbSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: Platform databases
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
"""


def tenant(i: int, shard: str) -> str:
    """One tenant's pipeline (the Terraform tenant with S3 and IAM settings inline)."""
    t = f"T{i:04d}"
    lo = t.lower()
    return f"""
  {t}RawBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub dp-${{Environment}}-{shard}-{lo}-raw-${{AWS::AccountId}}
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt PlatformKey.Arn
            BucketKeyEnabled: true
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      LifecycleConfiguration:
        Rules:
          - Id: expire-raw
            Status: Enabled
            Prefix: incoming/
            ExpirationInDays: 90
            NoncurrentVersionExpiration:
              NoncurrentDays: 30

  {t}RawBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref {t}RawBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - !GetAtt {t}RawBucket.Arn
              - !Sub ${{{t}RawBucket.Arn}}/*
            Condition:
              Bool:
                aws:SecureTransport: "false"

  {t}DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub dp-${{Environment}}-{shard}-{lo}-dlq
      MessageRetentionPeriod: 1209600
      KmsMasterKeyId: !Ref PlatformKey

  {t}JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub dp-${{Environment}}-{shard}-{lo}-jobs
      VisibilityTimeout: 360
      KmsMasterKeyId: !Ref PlatformKey
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt {t}DeadLetterQueue.Arn
        maxReceiveCount: 5

  {t}IngestLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/dp-${{Environment}}-{shard}-{lo}-ingest
      RetentionInDays: !If [IsProd, 365, 30]

  {t}IngestRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
      Policies:
        - PolicyName: ingest
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
                Resource: !GetAtt {t}JobsQueue.Arn
              - Effect: Allow
                Action: [s3:PutObject, s3:GetObject]
                Resource: !Sub ${{{t}RawBucket.Arn}}/*
              - Effect: Allow
                Action: [kms:Decrypt, kms:GenerateDataKey]
                Resource: !GetAtt PlatformKey.Arn

  {t}IngestSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Ingest function {t}
      VpcId: !Ref Vpc
      SecurityGroupEgress:
        - Description: HTTPS out
          IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0

  {t}IngestFunction:
    Type: AWS::Lambda::Function
    DependsOn: {t}IngestLogGroup
    Properties:
      FunctionName: !Sub dp-${{Environment}}-{shard}-{lo}-ingest
      Role: !GetAtt {t}IngestRole.Arn
      Runtime: python3.12
      Handler: ingest.handler
      Code:
        S3Bucket: !Ref ArtifactsBucket
        S3Key: ingest/{lo}.zip
      Timeout: 60
      MemorySize: 512
      VpcConfig:
        SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
        SecurityGroupIds: [!Ref {t}IngestSecurityGroup]
      Environment:
        Variables:
          RAW_BUCKET: !Ref {t}RawBucket
          TENANT: {lo}

  {t}IngestEventSource:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt {t}JobsQueue.Arn
      FunctionName: !GetAtt {t}IngestFunction.Arn
      BatchSize: 10

  {t}WorkerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Worker service {t}
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - Description: From the load balancer
          IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          SourceSecurityGroupId: !Ref AlbSecurityGroup
      SecurityGroupEgress:
        - Description: HTTPS out
          IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0

  {t}WorkerLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /ecs/dp-${{Environment}}-{shard}-{lo}-worker
      RetentionInDays: !If [IsProd, 365, 30]

  {t}WorkerExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ecs-tasks.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy

  {t}WorkerTaskRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ecs-tasks.amazonaws.com
            Action: sts:AssumeRole

  {t}WorkerTaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub dp-${{Environment}}-{shard}-{lo}-worker
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: "256"
      Memory: "512"
      ExecutionRoleArn: !GetAtt {t}WorkerExecutionRole.Arn
      TaskRoleArn: !GetAtt {t}WorkerTaskRole.Arn
      ContainerDefinitions:
        - Name: worker
          Image: public.ecr.aws/docker/library/python:3.12-slim
          Essential: true
          PortMappings:
            - ContainerPort: 8080
              Protocol: tcp
          Environment:
            - Name: QUEUE_URL
              Value: !Ref {t}JobsQueue
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Ref {t}WorkerLogGroup
              awslogs-region: !Ref AWS::Region
              awslogs-stream-prefix: worker

  {t}WorkerTargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 8080
      Protocol: HTTP
      TargetType: ip
      VpcId: !Ref Vpc
      HealthCheckPath: /health
      Matcher:
        HttpCode: "200"

  {t}WorkerListenerRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HttpListener
      Priority: {i + 1}
      Actions:
        - Type: forward
          TargetGroupArn: !Ref {t}WorkerTargetGroup
      Conditions:
        - Field: path-pattern
          PathPatternConfig:
            Values: [/{lo}/*]

  {t}WorkerService:
    Type: AWS::ECS::Service
    DependsOn: {t}WorkerListenerRule
    Properties:
      ServiceName: {lo}-worker
      Cluster: !Ref Cluster
      TaskDefinition: !Ref {t}WorkerTaskDefinition
      DesiredCount: 2
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
          SecurityGroups: [!Ref {t}WorkerSecurityGroup]
      LoadBalancers:
        - TargetGroupArn: !Ref {t}WorkerTargetGroup
          ContainerName: worker
          ContainerPort: 8080

  {t}DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Database {t}
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - Description: PostgreSQL from the worker
          IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          SourceSecurityGroupId: !Ref {t}WorkerSecurityGroup

  {t}Database:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: postgres
      EngineVersion: "17.6"
      DBInstanceClass: db.t4g.micro
      AllocatedStorage: "20"
      StorageType: gp3
      StorageEncrypted: true
      KmsKeyId: !GetAtt PlatformKey.Arn
      DBName: {lo}
      MasterUsername: app
      ManageMasterUserPassword: true
      MasterUserSecret:
        KmsKeyId: !GetAtt PlatformKey.Arn
      DBSubnetGroupName: !Ref DbSubnetGroup
      VPCSecurityGroups: [!Ref {t}DbSecurityGroup]
      BackupRetentionPeriod: 7

  {t}DlqAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub dp-${{Environment}}-{shard}-{lo}-dlq-not-empty
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions:
        - Name: QueueName
          Value: !GetAtt {t}DeadLetterQueue.QueueName
      Statistic: Maximum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
"""


def _count(text: str) -> int:
    return len(re.findall(r"^    Type: AWS::", text, re.M))


CORE_COUNT = _count(CORE)
NETWORK_COUNT = _count(NETWORK)
TENANT_COUNT = _count(tenant(0, "s00"))
OUTPUTS = """
Outputs:
  AlbDnsName:
    Value: !GetAtt Alb.DNSName
  PlatformKeyArn:
    Value: !GetAtt PlatformKey.Arn
    Export:
      Name: !Sub ${AWS::StackName}-PlatformKeyArn
"""


def template(target: int, shard: str = "s00", first_tenant: int = 0) -> tuple[str, int]:
    """One template of about `target` resources; returns (text, exact count)."""
    text = HEAD.replace("{shard}", shard) + CORE.replace("{shard}", shard)
    if target >= CORE_COUNT + NETWORK_COUNT + TENANT_COUNT // 2:
        text += NETWORK
        tenants = max(1, round((target - CORE_COUNT - NETWORK_COUNT) / TENANT_COUNT))
        text += "".join(tenant(first_tenant + k, shard) for k in range(tenants))
    text += OUTPUTS
    return text, _count(text)


def write_platform(directory: str, target: int, per_template: int = 500) -> tuple[int, int]:
    """About `target` resources in templates of at most `per_template`; returns (resources, templates)."""
    os.makedirs(directory, exist_ok=True)
    shards = max(1, -(-target // per_template))
    total = 0
    per_tenant_budget = per_template - CORE_COUNT - NETWORK_COUNT
    fill = min(per_template, -(-target // shards))
    for s in range(shards):
        # Round down to whole tenants that fit under the per-template limit.
        want = min(fill, CORE_COUNT + NETWORK_COUNT + (per_tenant_budget // TENANT_COUNT) * TENANT_COUNT)
        text, n = template(want, f"s{s:02d}", first_tenant=0)
        if n > per_template:
            text, n = template(want - TENANT_COUNT, f"s{s:02d}")
        with open(os.path.join(directory, f"platform-s{s:02d}.yaml"), "w") as fh:
            fh.write(text)
        total += n
    return total, shards


def write_single(directory: str, target: int) -> int:
    os.makedirs(directory, exist_ok=True)
    text, n = template(target)
    with open(os.path.join(directory, "platform.yaml"), "w") as fh:
        fh.write(text)
    return n


def write_one_resource(directory: str) -> int:
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "template.yaml"), "w") as fh:
        fh.write('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n'
                 "    Properties:\n      BucketName: dp-dev-logs-0123456789\n")
    return 1
