// The light build (no clustering) that @octokit/plugin-throttling itself uses; same API and types.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
