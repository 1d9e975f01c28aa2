// cluster-key-slot ships no types: the hash slot (0-16383) of a key or channel, hash tags
// included, exactly as ioredis computes it to route commands.
declare module "cluster-key-slot" {
  export default function calculateSlot(key: string | Buffer): number;
}
