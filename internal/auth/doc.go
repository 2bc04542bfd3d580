// Package auth keeps the review station's secrets: it hashes passwords with
// Argon2id and makes the random tokens of sessions and anti-forgery forms.
// It is the only package that imports golang.org/x/crypto/argon2.
package auth
