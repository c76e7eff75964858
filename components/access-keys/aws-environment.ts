/** The API listener's scheme and port (lib/server/api-settings), as the server hands them to the page. */
export interface TApiListenerAddress {
  protocol: 'http' | 'https';
  port: number;
}

/**
 * Where AWS SDKs and the AWS CLI send KMS requests: the dedicated API listener on the host the browser
 * reached the console at, not the console's /api/aws (which serves the API too, but through Next.js).
 * `hostname` is `location.hostname` (IPv6 addresses come bracketed).
 */
export function awsEndpointUrl(hostname: string, listener: TApiListenerAddress): string {
  return `${listener.protocol}://${hostname}:${listener.port}`;
}

// Any region is accepted (it only appears in ARNs); one must be set or the CLI refuses to sign.
const EXAMPLE_REGION = 'us-east-1';

/**
 * Shell lines that configure the AWS CLI and SDKs for this access key. `--endpoint-url` works with every
 * CLI version; AWS_ENDPOINT_URL_KMS is read by current SDKs and CLI releases. IDs and secrets use only
 * characters that need no quoting (A–Z, 2–7; base64), quoted anyway so a pasted line cannot go wrong.
 */
export function awsEnvironmentSnippet(options: { accessKeyId: string; secretAccessKey: string; endpointUrl: string }): string {
  return [
    `export AWS_ACCESS_KEY_ID='${options.accessKeyId}'`,
    `export AWS_SECRET_ACCESS_KEY='${options.secretAccessKey}'`,
    `export AWS_REGION=${EXAMPLE_REGION} AWS_DEFAULT_REGION=${EXAMPLE_REGION}`,
    `export AWS_ENDPOINT_URL_KMS='${options.endpointUrl}'`,
    `aws kms list-keys --endpoint-url "$AWS_ENDPOINT_URL_KMS"`,
  ].join('\n');
}
