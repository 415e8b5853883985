/**
 * The embedded instance catalog: Aurora DB instance classes and common EC2 instance types with
 * vCPU, memory and network, and an approximate us-east-1 on-demand price (USD per hour, Linux
 * for EC2, Aurora Standard storage configuration for Aurora). Prices are approximate and only
 * rank the choices: check the AWS price list before quoting them. Aurora Serverless v2
 * (db.serverless, billed per ACU-hour) is noted, never picked: its size follows the load.
 */

export interface InstanceType {
  type: string;
  family: string;
  vcpu: number;
  memoryGiB: number;
  networkGbps: string;
  approxUsdPerHour: number;
  /** Burstable (T classes): for development and small steady loads only. */
  burstable: boolean;
}

export const INSTANCE_CATALOG_MADE_ON = '2026-11-26';
export const INSTANCE_CATALOG_SOURCE =
  'Embedded table of Aurora DB instance classes and EC2 instance types (vCPU, memory, network from the AWS instance type pages); prices are approximate us-east-1 on-demand rates, for ranking only.';
export const SERVERLESS_NOTE = 'db.serverless (Aurora Serverless v2) is billed per ACU-hour (1 ACU ≈ 2 GiB of memory); consider it for spiky or idle-heavy loads.';

const sizes = [
  ['large', 2, 16],
  ['xlarge', 4, 32],
  ['2xlarge', 8, 64],
  ['4xlarge', 16, 128],
  ['8xlarge', 32, 256],
  ['12xlarge', 48, 384],
  ['16xlarge', 64, 512],
] as const;

function memoryOptimized(prefix: string, family: string, usdLarge: number, network: readonly string[]): InstanceType[] {
  return sizes.map(([size, vcpu, mem], i) => ({
    type: `${prefix}${family}.${size}`,
    family,
    vcpu,
    memoryGiB: mem,
    networkGbps: network[i]!,
    approxUsdPerHour: Math.round(usdLarge * (vcpu / 2) * 1000) / 1000,
    burstable: false,
  }));
}

const R6_NET = ['up to 10', 'up to 10', 'up to 10', 'up to 10', '12', '20', '25'];
const R7_NET = ['up to 12.5', 'up to 12.5', 'up to 15', 'up to 15', '15', '22.5', '30'];

export const AURORA_CLASSES: readonly InstanceType[] = [
  { type: 'db.t4g.medium', family: 't4g', vcpu: 2, memoryGiB: 4, networkGbps: 'up to 5', approxUsdPerHour: 0.073, burstable: true },
  { type: 'db.t4g.large', family: 't4g', vcpu: 2, memoryGiB: 8, networkGbps: 'up to 5', approxUsdPerHour: 0.146, burstable: true },
  ...memoryOptimized('db.', 'r6g', 0.26, R6_NET),
  ...memoryOptimized('db.', 'r7g', 0.276, R7_NET),
  ...memoryOptimized('db.', 'r8g', 0.29, R7_NET),
];

function ec2Family(family: string, usdLarge: number, memPerVcpu: number, network: readonly string[]): InstanceType[] {
  return sizes.map(([size, vcpu], i) => ({
    type: `${family}.${size}`,
    family,
    vcpu,
    memoryGiB: vcpu * memPerVcpu,
    networkGbps: network[i]!,
    approxUsdPerHour: Math.round(usdLarge * (vcpu / 2) * 10000) / 10000,
    burstable: false,
  }));
}

const M6_NET = ['up to 12.5', 'up to 12.5', 'up to 12.5', 'up to 12.5', '12.5', '18.75', '25'];

export const EC2_TYPES: readonly InstanceType[] = [
  { type: 't3.micro', family: 't3', vcpu: 2, memoryGiB: 1, networkGbps: 'up to 5', approxUsdPerHour: 0.0104, burstable: true },
  { type: 't3.small', family: 't3', vcpu: 2, memoryGiB: 2, networkGbps: 'up to 5', approxUsdPerHour: 0.0208, burstable: true },
  { type: 't3.medium', family: 't3', vcpu: 2, memoryGiB: 4, networkGbps: 'up to 5', approxUsdPerHour: 0.0416, burstable: true },
  { type: 't3.large', family: 't3', vcpu: 2, memoryGiB: 8, networkGbps: 'up to 5', approxUsdPerHour: 0.0832, burstable: true },
  { type: 't3.xlarge', family: 't3', vcpu: 4, memoryGiB: 16, networkGbps: 'up to 5', approxUsdPerHour: 0.1664, burstable: true },
  { type: 't3.2xlarge', family: 't3', vcpu: 8, memoryGiB: 32, networkGbps: 'up to 5', approxUsdPerHour: 0.3328, burstable: true },
  ...ec2Family('c6i', 0.085, 2, M6_NET),
  ...ec2Family('m6i', 0.096, 4, M6_NET),
  ...ec2Family('r6i', 0.126, 8, M6_NET),
  ...ec2Family('m7i', 0.1008, 4, M6_NET),
];
