import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { awsEndpointUrl, awsEnvironmentSnippet } from './aws-environment';

describe('awsEnvironmentSnippet', () => {
  const options = { accessKeyId: 'KFABCDEFGHIJKLMNOPQR', secretAccessKey: 'a+b/cdefghij0123456789ABCDEFGHIJKLMNOPQR', endpointUrl: awsEndpointUrl('kms.example', { protocol: 'http', port: 4000 }) };

  it('points the AWS CLI and SDKs at the API listener on the console’s host, not the console’s /api/aws', () => {
    expect(options.endpointUrl).toBe('http://kms.example:4000');
    expect(awsEndpointUrl('[::1]', { protocol: 'https', port: 4443 })).toBe('https://[::1]:4443');
    expect(awsEnvironmentSnippet(options)).toContain('--endpoint-url "$AWS_ENDPOINT_URL_KMS"');
  });

  it('sets exactly the variables the AWS tools read, with the values unchanged when run by a shell', () => {
    const snippet = awsEnvironmentSnippet(options).split('\n').slice(0, -1).join('\n');
    const script = `${snippet}\nprintf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_REGION" "$AWS_DEFAULT_REGION" "$AWS_ENDPOINT_URL_KMS"`;
    const output = execFileSync('/bin/sh', ['-e', '-c', script], { encoding: 'utf8' });
    expect(output.trim().split('\n')).toEqual([options.accessKeyId, options.secretAccessKey, 'us-east-1', 'us-east-1', options.endpointUrl]);
  });
});
