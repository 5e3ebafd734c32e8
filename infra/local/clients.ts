/** Credentials the loopback stand-ins accept; they check no real signature. */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};
export const LOCAL_REGION = 'us-east-1';
