/*
|--------------------------------------------------------------------------
| Bouncer policies
|--------------------------------------------------------------------------
*/
export const policies = {
  AccessTokenPolicy: () => import('#policies/access_token_policy'),
}
