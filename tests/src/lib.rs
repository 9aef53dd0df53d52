//! Shared helpers of the workspace's integration tests: where the real corpus is, and loopback
//! stand-ins for Altinn's API.

pub mod altinn3_catalogue;
pub mod altinn3_standin;
pub mod api_standin;
pub mod platform_standin;
pub mod shared;
pub mod standin;
