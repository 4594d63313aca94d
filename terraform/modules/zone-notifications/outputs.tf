output "manifest_key_prefixes" {
  description = "Key prefixes whose ObjectCreated events invoke the function, by zone."
  value       = { for key, zone in local.zones : key => zone.key_prefix }
}
