import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../cli/store.ts';

/**
 * A CLI store whose clients the calling test mocks with aws-sdk-client-mock
 * (bucket `b`, table `t`); closing it does nothing.
 */
export function mockedStore(): Store {
  return {
    where: 'aws',
    location: 'the test store',
    bucket: 'b',
    table: 't',
    s3: new S3Client({ region: 'us-east-1' }),
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    close: async () => {},
  };
}
